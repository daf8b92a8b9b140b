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
# Numeric, so Kubernetes can verify runAsNonRoot.
USER ${UID}:${UID}
EXPOSE 8080
ENTRYPOINT ["java","-jar","/opt/kubernaut/kubernaut.jar"]
