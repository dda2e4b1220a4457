#!/bin/sh
# Regenerates k8s/base/prometheus-rule.yaml (a PrometheusRule for the Prometheus Operator) from
# deploy/prometheus/alerts.yml, the one place the alert rules are edited. Needs python3 with PyYAML.
# deploy-tests fails while the two differ.
set -eu
cd "$(dirname "$0")/.."
python3 - <<'PY'
import yaml
groups = yaml.safe_load(open("deploy/prometheus/alerts.yml"))["groups"]
doc = {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
       "metadata": {"name": "mailstream"}, "spec": {"groups": groups}}
class Dumper(yaml.SafeDumper):
    pass
Dumper.add_representer(str, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))
header = ("# The alert rules of deploy/prometheus/alerts.yml for the Prometheus Operator (same groups; deploy-tests\n"
          "# checks they are equal). After changing alerts.yml, regenerate this file with deploy/sync-prometheus-rule.sh.\n")
with open("k8s/base/prometheus-rule.yaml", "w") as out:
    out.write(header + yaml.dump(doc, Dumper=Dumper, sort_keys=False, width=120))
PY
echo "wrote k8s/base/prometheus-rule.yaml"
