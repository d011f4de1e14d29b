# syntax=docker/dockerfile:1
#
# The Intercom source as Airbyte runs it: one static Go binary, a static
# busybox for the shell Airbyte's launchers need, CA certificates and an
# unprivileged user; about 12 MB.
#
#   docker build -t intercom-connector/source-intercom:0.1.0 .
#   docker run --rm intercom-connector/source-intercom:0.1.0 spec
#
# Why a shell: Airbyte never runs the ENTRYPOINT directly. Its launchers
# (the workload launcher's pod factories, the older workers' main.sh) start
# every connector container as sh -c '... eval "$AIRBYTE_ENTRYPOINT read ..."
# 2> stderr > stdout ...' with trap, wait, kill, sleep and touch around it.
# A scratch image without sh fails there with exit 127. Debian's
# busybox-static gives those few tools as one static, dependency-free file;
# build/rootfs.sh lays out the whole tree (and the image test builds the
# same tree from local files).
#
# VERSION is dockerImageTag in metadata.yaml: the binary's --version and the
# io.airbyte.version label both come from it.
ARG VERSION=0.1.0

FROM golang:1.26.8-bookworm AS build
ARG VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/source-intercom .
RUN sh build/rootfs.sh /rootfs /out/source-intercom /bin/busybox /etc/ssl/certs/ca-certificates.crt

FROM scratch
ARG VERSION
COPY --from=build /rootfs/ /
# airbyte, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
WORKDIR /airbyte
ENV PATH="/bin" \
    AIRBYTE_ENTRYPOINT="/airbyte/source-intercom"
ENTRYPOINT ["/airbyte/source-intercom"]
LABEL io.airbyte.name="intercom-connector/source-intercom" \
      io.airbyte.version="${VERSION}"
