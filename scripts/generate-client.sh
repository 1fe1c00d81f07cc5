#!/usr/bin/env bash
# Regenerates the typed Core API client the tests use (tests/Planwerk.Tests/GeneratedClient/): snapshots the live
# /api/core/openapi.json of the app as built now (planwerk-core.openapi.json) and generates PlanwerkCoreClient.g.cs from
# the snapshot with NSwag (the NSwag.CodeGeneration.CSharp package the tests reference; settings in ClientGeneration.cs).
# Run it after changing the API, then commit both files. GeneratedClientDocumentTests fails until you do.
# It runs inside the test project, which must compile with the committed client: regenerate before writing tests
# against new client methods.
set -euo pipefail
cd "$(dirname "$0")/.."
PLANWERK_GENERATE_CLIENT=1 dotnet test tests/Planwerk.Tests --filter "FullyQualifiedName~GeneratedClientDocumentTests"
# The generated client must still compile with the tests that use it (GeneratedClientFlowTests).
dotnet build tests/Planwerk.Tests --no-restore
git status --short tests/Planwerk.Tests/GeneratedClient/
