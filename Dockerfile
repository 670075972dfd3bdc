# The production image: the praxis binary and the built web app.
FROM rust:1-bookworm AS server
WORKDIR /src
COPY . .
RUN cargo build --release -p praxis-server

FROM node:20-bookworm AS web
WORKDIR /src/web
COPY web/ ./
RUN if [ -f package.json ]; then npm ci && npm run build; else mkdir -p dist; fi

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/praxis praxis && mkdir -p /var/lib/praxis && chown praxis /var/lib/praxis
COPY --from=server /src/target/release/praxis /usr/local/bin/praxis
COPY --from=web /src/web/dist /usr/share/praxis/web
USER praxis
WORKDIR /var/lib/praxis
ENV PRAXIS_DATA_DIR=/var/lib/praxis PRAXIS_WEB_DIR=/usr/share/praxis/web PRAXIS_BIND=0.0.0.0:8080 PRAXIS_ENV=production PRAXIS_LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["praxis"]
CMD ["serve"]
