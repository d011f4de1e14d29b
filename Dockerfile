# syntax=docker/dockerfile:1
#
# The Intercom source as Airbyte runs it: one static Go binary in an image
# with nothing else but CA certificates and an unprivileged user.
#
#   docker build -t intercom-connector/source-intercom:0.1.0 .
#   docker run --rm intercom-connector/source-intercom:0.1.0 spec
#
# VERSION is dockerImageTag in metadata.yaml: the binary's --version and the
# io.airbyte.version label both come from it.
ARG VERSION=0.1.0

FROM golang:1.26.8-bookworm AS build
ARG VERSION
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/source-intercom .
# The final image has no shell: its user, home and /tmp are made here.
RUN mkdir -p /rootfs/etc /rootfs/airbyte /rootfs/tmp \
 && echo 'airbyte:x:1000:1000:airbyte:/airbyte:/sbin/nologin' > /rootfs/etc/passwd \
 && echo 'airbyte:x:1000:' > /rootfs/etc/group

FROM scratch
ARG VERSION
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /rootfs/etc/passwd /rootfs/etc/group /etc/
COPY --from=build --chown=1000:1000 /rootfs/tmp /tmp
COPY --from=build --chown=1000:1000 /rootfs/airbyte /airbyte
COPY --from=build --chown=1000:1000 /out/source-intercom /airbyte/source-intercom
# airbyte, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
WORKDIR /airbyte
ENV AIRBYTE_ENTRYPOINT="/airbyte/source-intercom"
ENTRYPOINT ["/airbyte/source-intercom"]
LABEL io.airbyte.name="intercom-connector/source-intercom" \
      io.airbyte.version="${VERSION}"
