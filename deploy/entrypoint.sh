#!/bin/sh
# The image's entrypoint: `docker run capsim sweep …` runs capsim with those arguments, and a
# command that starts with a shell (`sh -c "…"`) runs as given. AWS Batch job definitions cannot
# replace an image's entrypoint (their `command` is the image's CMD), and the Batch job in
# deploy/aws-batch-job.json needs a shell to put $AWS_BATCH_JOB_ARRAY_INDEX into its --out.
set -e
case "$1" in
  sh | /bin/sh) exec "$@" ;;
esac
exec node /app/dist/bundle/main.js "$@"
