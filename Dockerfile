# Cockpit: a static, cgo-free binary on a minimal image.
#   docker build -t cockpit .
#   docker run -p 8080:8080 -v cockpit-data:/data cockpit serve --demo
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X github.com/coopnetwork/cockpit/internal/cli.Version=${VERSION}" \
      -o /out/cockpit ./cmd/cockpit \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cockpit /usr/local/bin/cockpit
# The SQLite file lives on a volume; PostgreSQL users set COCKPIT_DATABASE.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME ["/data"]
ENV COCKPIT_ADDR=:8080 \
    COCKPIT_DATABASE=/data/cockpit.db
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/cockpit", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/cockpit"]
CMD ["serve"]
