{{/*
Chart name, truncated to 63 characters.
*/}}
{{- define "kubernaut.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: <release>-kubernaut, or the release name when it already contains the chart name.
*/}}
{{- define "kubernaut.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "kubernaut.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kubernaut.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubernaut
{{- end }}

{{/*
Selector labels of the operator pods.
*/}}
{{- define "kubernaut.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubernaut.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the operator ServiceAccount.
*/}}
{{- define "kubernaut.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubernaut.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the API bearer token.
*/}}
{{- define "kubernaut.tokenSecretName" -}}
{{- default (printf "%s-api-token" (include "kubernaut.fullname" .)) .Values.auth.token.existingSecret }}
{{- end }}

{{/*
Name of the Secret holding the audit chain's HMAC key.
*/}}
{{- define "kubernaut.auditKeySecretName" -}}
{{- default (printf "%s-audit-key" (include "kubernaut.fullname" .)) .Values.auditKey.existingSecret }}
{{- end }}

{{/*
Name of the Secret holding the ingest token (signal routes only).
*/}}
{{- define "kubernaut.ingestTokenSecretName" -}}
{{- default (printf "%s-ingest-token" (include "kubernaut.fullname" .)) .Values.auth.ingestToken.existingSecret }}
{{- end }}

{{/*
ServiceAccount of one action: kubernaut-action-<name with _ replaced by ->.
*/}}
{{- define "kubernaut.actionServiceAccountName" -}}
{{- printf "kubernaut-action-%s" (replace "_" "-" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
ClusterRole of one action. Call with (dict "root" $ "action" $name).
*/}}
{{- define "kubernaut.actionRoleName" -}}
{{- printf "%s-action-%s" (include "kubernaut.fullname" .root) (replace "_" "-" .action) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Sorted names of the enabled actions.
*/}}
{{- define "kubernaut.enabledActions" -}}
{{- $names := list }}
{{- range $name, $action := .Values.actions }}
{{- if $action.enabled }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- default "none" ($names | sortAlpha | join ",") }}
{{- end }}

{{/*
Image reference of the operator.
*/}}
{{- define "kubernaut.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Comma-separated plugin names, in values order.
*/}}
{{- define "kubernaut.pluginNames" -}}
{{- $names := list }}
{{- range .Values.plugins }}
{{- $names = append $names .name }}
{{- end }}
{{- $names | join "," }}
{{- end }}

{{/*
SHA-256 pins of plugin jars as <plugin>/<jar>=<hex>, comma-separated, from plugins[].sha256 (KUBERNAUT_PLUGIN_SHA256).
*/}}
{{- define "kubernaut.pluginPins" -}}
{{- $pins := list }}
{{- range .Values.plugins }}
{{- $plugin := .name }}
{{- range $jar, $digest := .sha256 }}
{{- $pins = append $pins (printf "%s/%s=%s" $plugin $jar $digest) }}
{{- end }}
{{- end }}
{{- $pins | join "," }}
{{- end }}

{{/*
Plural resource names of the CRDs shipped in crds/, so RBAC follows the generated CRDs.
*/}}
{{- define "kubernaut.crdPlurals" -}}
{{- $plurals := list }}
{{- range $path, $_ := .Files.Glob "crds/*.yml" }}
{{- $crd := $.Files.Get $path | fromYaml }}
{{- $plurals = append $plurals $crd.spec.names.plural }}
{{- end }}
{{- $plurals | sortAlpha | join "," }}
{{- end }}
