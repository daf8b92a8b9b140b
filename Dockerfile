# syntax=docker/dockerfile:1
# Kubernaut operator image: a multi-stage Maven build, then a JRE-only runtime running as non-root.
#   docker build -t ghcr.io/kubernaut/kubernaut:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The BuildKit cache mount keeps the Maven repository between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
ARG UID=10001
RUN groupadd --system --gid ${UID} kubernaut \
 && useradd --system --uid ${UID} --gid kubernaut --home-dir /opt/kubernaut --shell /usr/sbin/nologin kubernaut \
 && mkdir -p /opt/kubernaut/plugins \
 && chown -R kubernaut:kubernaut /opt/kubernaut
COPY --from=build --chown=kubernaut:kubernaut /src/app/target/kubernaut.jar /opt/kubernaut/kubernaut.jar
WORKDIR /opt/kubernaut
# Third-party action jars, one sub-directory per plugin (the chart mounts an emptyDir here).
ENV KUBERNAUT_PLUGINS_DIR=/opt/kubernaut/plugins
# glibc gives every thread that allocates its own malloc arena (up to 8 per core), each keeping
# freed memory resident; two arenas hold the JVM's native allocations in less RSS under the
# chart's 512Mi limit (the split benchmark starts the operator with the image's environment).
ENV MALLOC_ARENA_MAX=2
# Numeric, so Kubernetes can verify runAsNonRoot.
USER ${UID}:${UID}
# Application class data sharing: a training run in embedded mode (its own API server and PostgreSQL,
# under /tmp) until it is ready, then stopped; at exit the JVM writes the classes it loaded to an
# archive, which every start then maps instead of reading, parsing and verifying them again from the
# jar (about 40% less CPU from start to ready; docs/benchmarks.md, split benchmark). A JVM that cannot
# use the archive (another JDK, another jar) says so once and starts without it. Caveat: on Java 17
# (seen with 17.0.15) a JVM started with the archive and -XX:StartFlightRecording crashes while it
# loads classes; record with `jcmd <pid> JFR.start` on the running operator instead, or add
# -Xshare:off to javaOpts for that run.
RUN set -e; \
    export KUBERNAUT_MODE=embedded KUBERNAUT_DATA_DIR=/tmp/kubernaut-training KUBERNAUT_HTTP_PORT=18080; \
    java -XX:ArchiveClassesAtExit=/opt/kubernaut/kubernaut.jsa -jar /opt/kubernaut/kubernaut.jar \
      > /tmp/kubernaut-training.log 2>&1 & pid=$!; \
    for i in $(seq 1 300); do grep -q "Ready for alerts" /tmp/kubernaut-training.log && break; \
      kill -0 "$pid" || { cat /tmp/kubernaut-training.log; exit 1; }; sleep 1; done; \
    kill -TERM "$pid"; wait "$pid" || true; \
    test -s /opt/kubernaut/kubernaut.jsa || { cat /tmp/kubernaut-training.log; exit 1; }; \
    rm -rf /tmp/kubernaut-training /tmp/kubernaut-training.log /tmp/embedded-pg* /tmp/*postgres*
EXPOSE 8080
ENTRYPOINT ["java","-XX:SharedArchiveFile=/opt/kubernaut/kubernaut.jsa","-jar","/opt/kubernaut/kubernaut.jar"]
