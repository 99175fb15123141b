#!/bin/sh
# The same end-to-end suite on PostgreSQL, when a server is configured (.ci/run always configures one).
if [ -z "${CIVICGRAPH_TEST_POSTGRES_URL:-}" ]; then
  echo "e2e on PostgreSQL: not run here (set CIVICGRAPH_TEST_POSTGRES_URL, e.g. from .ci/postgres; CI always does)"
  exit 0
fi
echo "e2e on PostgreSQL at ${CIVICGRAPH_TEST_POSTGRES_URL%%:*}://…${CIVICGRAPH_TEST_POSTGRES_URL##*@}"
CIVICGRAPH_TEST_DATABASE=postgres NODE_OPTIONS="--experimental-vm-modules --no-warnings" exec jest
