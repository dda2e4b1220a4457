#!/usr/bin/env python3
"""Writes dashboards/mailstream.json, the Grafana dashboard of the mailstream_ metrics.

Edit the panels here and run `python3 deploy/grafana/generate-dashboard.py`; the JSON is the
artifact that Grafana loads (docker-compose provisioning, or import it into any Grafana). The
deploy-tests module checks that every metric it queries exists in docs/metrics.md or is a Kafka
client metric.
"""
import json
import os

DS = {"type": "prometheus", "uid": "${datasource}"}
panels = []
y = 0


def row(title):
    global y
    panels.append({"type": "row", "title": title, "collapsed": False, "id": len(panels) + 1,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
    y += 1


def graphs(*specs):
    """One line of panels: (title, unit, [(expr, legend), ...]) each, sharing the width."""
    global y
    width = 24 // len(specs)
    for i, (title, unit, targets) in enumerate(specs):
        panels.append({
            "type": "timeseries", "title": title, "id": len(panels) + 1, "datasource": DS,
            "gridPos": {"h": 8, "w": width, "x": i * width, "y": y},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
            "targets": [{"refId": chr(65 + n), "datasource": DS, "expr": expr, "legendFormat": legend}
                        for n, (expr, legend) in enumerate(targets)],
        })
    y += 8


def quantile(q, metric, by=""):
    group = f"le{', ' + by if by else ''}"
    return f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket[$__rate_interval])))"


row("Services")
graphs(("Up", "none", [('up{job=~"smtp-ingress|relay-service|delivery-service|mailbox-api"}', "{{job}} {{instance}}")]),
       ("Consumer lag by topic (records)", "none",
        [("sum by (job, topic) (kafka_consumer_fetch_manager_records_lag)", "{{job}} {{topic}}")]),
       ("Dead-lettered records /s", "ops",
        [('sum by (job, client_id) (rate(kafka_producer_record_send_total{client_id=~"kafka-dead-letter-topic-producer-.*"}[$__rate_interval]))',
          "{{job}} {{client_id}}")]))

row("SMTP ingress")
graphs(("Messages /s", "ops",
        [("sum(rate(mailstream_smtp_messages_accepted_total[$__rate_interval]))", "accepted"),
         ("sum by (reason) (rate(mailstream_smtp_messages_rejected_total[$__rate_interval]))", "rejected {{reason}}")]),
       ("Sessions", "none",
        [("sum(mailstream_smtp_sessions_active)", "active"),
         ("sum by (listener) (rate(mailstream_smtp_sessions_total[$__rate_interval]))", "opened/s {{listener}}")]),
       ("Accept latency (end of data to 250)", "s",
        [(quantile(0.5, "mailstream_smtp_accept_seconds"), "p50"),
         (quantile(0.99, "mailstream_smtp_accept_seconds"), "p99")]))
graphs(("Recipients /s", "ops",
        [("sum(rate(mailstream_smtp_recipients_accepted_total[$__rate_interval]))", "accepted"),
         ("sum by (reason) (rate(mailstream_smtp_recipients_rejected_total[$__rate_interval]))", "rejected {{reason}}")]),
       ("Accepted bytes /s", "Bps", [("sum(rate(mailstream_smtp_accepted_bytes_total[$__rate_interval]))", "bytes")]),
       ("TLS handshakes and AUTH /s", "ops",
        [("sum by (result) (rate(mailstream_smtp_tls_handshakes_total[$__rate_interval]))", "tls {{result}}"),
         ("sum by (result) (rate(mailstream_smtp_auth_total[$__rate_interval]))", "auth {{result}}")]))
graphs(("Limits hit /s", "ops",
        [("sum by (limit) (rate(mailstream_smtp_limit_hits_total[$__rate_interval]))", "{{limit}}")]),
       ("Command time (mean)", "s",
        [("sum by (command) (rate(mailstream_smtp_command_seconds_sum[$__rate_interval])) / sum by (command) (rate(mailstream_smtp_command_seconds_count[$__rate_interval]))",
          "{{command}}")]))

row("Relay")
graphs(("Recipients routed /s", "ops",
        [("sum by (destination) (rate(mailstream_relay_routed_total[$__rate_interval]))", "{{destination}}")]),
       ("Remote delivery attempts /s", "ops",
        [("sum by (result) (rate(mailstream_relay_delivery_total[$__rate_interval]))", "{{result}}")]),
       ("Queue", "none",
        [("max by (state) (mailstream_relay_queue_depth)", "{{state}}")]),
       ("Oldest queued message", "s",
        [("max(mailstream_relay_queue_oldest_age_seconds)", "age")]))
graphs(("Acceptance to remote delivery", "s",
        [("sum(rate(mailstream_relay_delivery_latency_seconds_sum[$__rate_interval])) / sum(rate(mailstream_relay_delivery_latency_seconds_count[$__rate_interval]))", "mean"),
         ("max(mailstream_relay_delivery_latency_seconds_max)", "max")]),
       ("DNS lookups /s", "ops",
        [("sum by (type, result) (rate(mailstream_relay_dns_lookups_total[$__rate_interval]))", "{{type}} {{result}}")]))
graphs(("Deferrals /s by domain (top 10)", "ops",
        [("topk(10, sum by (domain) (rate(mailstream_relay_deferrals_total[$__rate_interval])))", "{{domain}}")]),
       ("Attempts failed on our side /s", "ops",
        [("sum by (cause) (rate(mailstream_relay_attempt_failures_total[$__rate_interval]))", "{{cause}}")]),
       ("Put back: domain at its concurrency limit /s", "ops",
        [("sum by (scope) (rate(mailstream_relay_destination_busy_total[$__rate_interval]))", "{{scope}}")]))

row("Local delivery")
graphs(("Deliveries /s", "ops",
        [("sum by (result) (rate(mailstream_delivery_delivered_total[$__rate_interval]))", "{{result}}")]),
       ("Acceptance to mailbox", "s",
        [("sum(rate(mailstream_delivery_latency_seconds_sum[$__rate_interval])) / sum(rate(mailstream_delivery_latency_seconds_count[$__rate_interval]))", "mean"),
         ("max(mailstream_delivery_latency_seconds_max)", "max")]),
       ("Quota rejections /s", "ops",
        [("sum by (action) (rate(mailstream_delivery_quota_rejections_total[$__rate_interval]))", "{{action}}")]))

row("IMAP, POP3 and admin API")
graphs(("IMAP", "ops",
        [("sum(rate(mailstream_imap_sessions_total[$__rate_interval]))", "sessions/s"),
         ("sum by (result) (rate(mailstream_imap_logins_total[$__rate_interval]))", "logins {{result}}")]),
       ("IMAP IDLE sessions", "none", [("sum(mailstream_imap_idle_sessions)", "idling")]),
       ("IMAP commands /s", "ops",
        [("sum by (command, result) (rate(mailstream_imap_commands_total[$__rate_interval]))", "{{command}} {{result}}")]))
graphs(("POP3", "ops",
        [("sum(rate(mailstream_pop3_sessions_total[$__rate_interval]))", "sessions/s"),
         ("sum by (result) (rate(mailstream_pop3_logins_total[$__rate_interval]))", "logins {{result}}"),
         ("sum(rate(mailstream_pop3_messages_retrieved_total[$__rate_interval]))", "retrieved"),
         ("sum(rate(mailstream_pop3_messages_deleted_total[$__rate_interval]))", "deleted")]),
       ("IMAP / POP3 command time (mean)", "s",
        [("sum by (command) (rate(mailstream_imap_command_seconds_sum[$__rate_interval])) / sum by (command) (rate(mailstream_imap_command_seconds_count[$__rate_interval]))", "imap {{command}}"),
         ("sum by (command) (rate(mailstream_pop3_command_seconds_sum[$__rate_interval])) / sum by (command) (rate(mailstream_pop3_command_seconds_count[$__rate_interval]))", "pop3 {{command}}")]),
       ("Admin API requests /s", "ops",
        [("sum by (operation, result) (rate(mailstream_admin_requests_total[$__rate_interval]))", "{{operation}} {{result}}")]))
graphs(("Mailbox snapshot reads /s", "ops",
        [("sum by (read) (rate(mailstream_mailbox_snapshot_reads_total[$__rate_interval]))", "{{read}}")]),
       ("Mailbox snapshot records", "none",
        [("sum by (instance) (mailstream_mailbox_snapshot_records)", "{{instance}}")]))
graphs(("Message body reads /s (memory or store)", "ops",
        [("sum by (result) (rate(mailstream_mailbox_blob_cache_reads_total[$__rate_interval]))", "{{result}}")]),
       ("Message bodies held in memory", "bytes",
        [("sum by (instance) (mailstream_mailbox_blob_cache_bytes)", "{{instance}}")]))

dashboard = {
    "uid": "mailstream", "title": "Mailstream", "tags": ["mailstream"], "schemaVersion": 39, "version": 1,
    "editable": True, "time": {"from": "now-6h", "to": "now"}, "refresh": "30s",
    "templating": {"list": [{"name": "datasource", "label": "Prometheus", "type": "datasource",
                             "query": "prometheus", "current": {}, "hide": 0}]},
    "annotations": {"list": []},
    "panels": panels,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards", "mailstream.json")
with open(out, "w") as f:
    json.dump(dashboard, f, indent=2)
    f.write("\n")
print("wrote", out)
