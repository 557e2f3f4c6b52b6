#!/usr/bin/env bash
# The short proofs CI runs on every change (part of `npm test`): each bounded to about a minute,
# run one after another (they start servers; on two cores they must not overlap).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PROOF_SHORT=1
for proof in crash concurrency redis fuzz; do
  node -r ./tools/register.js "test/proof/${proof}.proof.ts"
done
