# shellcheck shell=bash
# ports.sh — sourced by the bench scripts: `stack_ports B` points ./mailstream at port block B (B525
# SMTP, B143 IMAP, B110 POP3, B080-B083 HTTP, B092/B093 Kafka, B017 store, B587/B465/B993/B995 TLS),
# so that a bench stack never disturbs one on the default ports or another block.
stack_ports() {
  local b="$1"
  export MAILSTREAM_SMTP_PORT="${b}525" MAILSTREAM_IMAP_PORT="${b}143" MAILSTREAM_POP3_PORT="${b}110"
  export MAILSTREAM_ADMIN_PORT="${b}080" MAILSTREAM_INGRESS_HTTP_PORT="${b}081" MAILSTREAM_RELAY_HTTP_PORT="${b}082"
  export MAILSTREAM_DELIVERY_HTTP_PORT="${b}083" MAILSTREAM_KAFKA_PORT="${b}092" MAILSTREAM_KAFKA_CONTROLLER_PORT="${b}093"
  export MAILSTREAM_MONGO_PORT="${b}017"
  export MAILSTREAM_SMTP_SUBMISSION_PORT="${b}587" MAILSTREAM_SMTP_SMTPS_PORT="${b}465"
  export MAILSTREAM_IMAP_IMAPS_PORT="${b}993" MAILSTREAM_POP3_POP3S_PORT="${b}995"
  unset MAILSTREAM_ADMIN_URL MAILSTREAM_ADMIN_TOKEN MAILSTREAM_RELAY_URL
}
