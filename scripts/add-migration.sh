#!/usr/bin/env bash
# Adds an EF Core migration to both providers: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Planwerk --context "${provider}PlanwerkDb" \
    --output-dir "Infrastructure/Data/Migrations/$provider" \
    --namespace "Planwerk.Infrastructure.Data.Migrations.$provider"
done
