{{/* Names, labels and the derived Kafka names of one tenant. */}}

{{- define "wb.fullname" -}}
{{- printf "wb-%s" .Values.connection.name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "wb.labels" -}}
app.kubernetes.io/name: worklog-bridge
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: worklog-bridge
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
worklog-bridge.dev/connection: {{ .Values.connection.name }}
{{- end -}}

{{- define "wb.selector" -}}
app.kubernetes.io/name: worklog-bridge
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "wb.topic" -}}
worklog-replica.{{ .Values.connection.name }}
{{- end -}}

{{- define "wb.dlq" -}}
worklog-replica.{{ .Values.connection.name }}.dlq
{{- end -}}

{{- define "wb.groupPrefix" -}}
inbound-{{ .Values.connection.name }}-
{{- end -}}

{{/* The KafkaUser of one role (outbound or inbound): {root, role}. */}}
{{- define "wb.kafkaUser" -}}
worklog-bridge-{{ .root.Values.connection.name }}-{{ .role }}
{{- end -}}

{{/* The sites the release's inbound side writes to, as a JSON list. */}}
{{- define "wb.inboundSites" -}}
{{- $sites := list -}}
{{- range $u := (include "wb.units" . | fromJsonArray) -}}
{{- if eq $u.role "inbound" -}}{{- $sites = concat $sites $u.sites -}}{{- end -}}
{{- end -}}
{{- toJson $sites -}}
{{- end -}}

{{/*
The token environment of one unit {root, unit}: the Jira and Tempo tokens of the sites it serves,
and for an inbound unit the source site's Jira token only where pairing reads the source's
remote-key field. Nothing else: a pod holds only what it uses.
*/}}
{{- define "wb.tokenEnvs" -}}
{{- $root := .root -}}
{{- $u := .unit -}}
{{- $jira := list -}}
{{- $tempo := list -}}
{{- range $s := $u.sites -}}
  {{- $jira = append $jira $s -}}
  {{- if (index $root.Values.sites $s).tempoUrl -}}{{- $tempo = append $tempo $s -}}{{- end -}}
  {{- if eq $u.role "inbound" -}}
    {{- $other := include "wb.other" (dict "root" $root "site" $s) -}}
    {{- if hasKey ($root.Values.connection.pairing.remoteKeyField | default dict) $other -}}
      {{- $jira = append $jira $other -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- range $s := (uniq $jira) }}
- name: {{ include "wb.tokenEnv" (dict "site" $s "api" "jira") }}
  valueFrom:
    secretKeyRef:
      name: {{ (index $root.Values.sites $s).tokenSecret }}
      key: jira-token
{{- end }}
{{- range $s := (uniq $tempo) }}
- name: {{ include "wb.tokenEnv" (dict "site" $s "api" "tempo") }}
  valueFrom:
    secretKeyRef:
      name: {{ (index $root.Values.sites $s).tokenSecret }}
      key: tempo-token
{{- end }}
{{- end -}}

{{/* "true" when changes made on site .site flow to the other site. */}}
{{- define "wb.flowsFrom" -}}
{{- $c := .root.Values.connection -}}
{{- $d := $c.directions | default "BOTH" -}}
{{- if eq $d "BOTH" -}}true
{{- else if and (eq $d "A_TO_B") (eq .site $c.siteA) -}}true
{{- else if and (eq $d "B_TO_A") (eq .site $c.siteB) -}}true
{{- end -}}
{{- end -}}

{{- define "wb.other" -}}
{{- if eq .site .root.Values.connection.siteA -}}{{ .root.Values.connection.siteB }}{{- else -}}{{ .root.Values.connection.siteA }}{{- end -}}
{{- end -}}

{{/* The environment variable that holds a site's token: WB_TOKEN_<SITE>_<API>. */}}
{{- define "wb.tokenEnv" -}}
{{- printf "WB_TOKEN_%s_%s" (.site | upper | replace "-" "_") (.api | upper) -}}
{{- end -}}

{{/*
The deployments of the release as a list of dicts {role, name, sites}: per site or combined,
an outbound only for sites changes flow from, an inbound only for sites changes flow to.
*/}}
{{- define "wb.units" -}}
{{- $root := . -}}
{{- $units := list -}}
{{- $c := .Values.connection -}}
{{- $sites := list $c.siteA $c.siteB -}}
{{- if eq .Values.mode "combined" -}}
  {{- $out := list -}}
  {{- $in := list -}}
  {{- range $s := $sites -}}
    {{- if include "wb.flowsFrom" (dict "root" $root "site" $s) -}}{{- $out = append $out $s -}}{{- end -}}
    {{- if include "wb.flowsFrom" (dict "root" $root "site" (include "wb.other" (dict "root" $root "site" $s))) -}}{{- $in = append $in $s -}}{{- end -}}
  {{- end -}}
  {{- $units = append $units (dict "role" "outbound" "name" "outbound" "sites" $out) -}}
  {{- $units = append $units (dict "role" "inbound" "name" "inbound" "sites" $in) -}}
{{- else -}}
  {{- range $s := $sites -}}
    {{- if include "wb.flowsFrom" (dict "root" $root "site" $s) -}}
      {{- $units = append $units (dict "role" "outbound" "name" (printf "outbound-%s" $s) "sites" (list $s)) -}}
    {{- end -}}
    {{- if include "wb.flowsFrom" (dict "root" $root "site" (include "wb.other" (dict "root" $root "site" $s))) -}}
      {{- $units = append $units (dict "role" "inbound" "name" (printf "inbound-%s" $s) "sites" (list $s)) -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- toJson $units -}}
{{- end -}}

{{/* The port of a URL: the one it names, or 443/80 by its scheme. */}}
{{- define "wb.urlPort" -}}
{{- $u := urlParse . -}}
{{- $hp := splitList ":" $u.host -}}
{{- if gt (len $hp) 1 -}}{{ last $hp }}{{- else if eq $u.scheme "https" -}}443{{- else -}}80{{- end -}}
{{- end }}
