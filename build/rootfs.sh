#!/bin/sh
# Lays out the root filesystem of the connector image: the static connector
# binary, a static busybox providing the POSIX shell and the few utilities
# Airbyte's launchers wrap every connector command in (sh -c with trap, eval,
# wait, kill, sleep, touch, echo, test, redirections to files and named
# pipes), CA certificates, and an unprivileged user. The Dockerfile's build
# stage runs it, and so does the image test, which builds the final stage as
# a twin from local files; both therefore produce the same tree.
#
# Usage: rootfs.sh DEST CONNECTOR_BINARY BUSYBOX CA_BUNDLE
set -eu
if [ "$#" -ne 4 ]; then
	echo "usage: $0 DEST CONNECTOR_BINARY BUSYBOX CA_BUNDLE" >&2
	exit 2
fi
dest=$1 connector=$2 busybox=$3 ca=$4

mkdir -p "$dest/bin" "$dest/etc/ssl/certs" "$dest/airbyte" "$dest/tmp"
chmod 0755 "$dest" "$dest/bin" "$dest/etc" "$dest/etc/ssl" "$dest/etc/ssl/certs" "$dest/airbyte"
chmod 1777 "$dest/tmp"

cp "$busybox" "$dest/bin/busybox"
chmod 0755 "$dest/bin/busybox"
# Only the applets a launcher script uses (the shell's own builtins cover
# eval, trap, wait, echo, test and exit); nothing that fetches or listens.
for applet in sh cat echo env false kill ls mkdir mkfifo rm sleep test touch true; do
	ln -sf busybox "$dest/bin/$applet"
done
ln -sf busybox "$dest/bin/["

cp "$ca" "$dest/etc/ssl/certs/ca-certificates.crt"
chmod 0644 "$dest/etc/ssl/certs/ca-certificates.crt"
cp "$connector" "$dest/airbyte/source-intercom"
chmod 0755 "$dest/airbyte/source-intercom"

# uid 1000, as Airbyte's own connector images use; root owns every file,
# so the connector cannot change itself.
printf 'root:x:0:0:root:/root:/bin/false\nairbyte:x:1000:1000:airbyte:/airbyte:/bin/sh\n' > "$dest/etc/passwd"
printf 'root:x:0:\nairbyte:x:1000:\n' > "$dest/etc/group"
chmod 0644 "$dest/etc/passwd" "$dest/etc/group"
