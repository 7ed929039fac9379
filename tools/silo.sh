#!/usr/bin/env bash
# Runs one silo of a cluster on PostgreSQL: every silo started this way with the same Storage:ConnectionString
# (and the same Cluster:ClusterId and Cluster:ServiceId, "maimai" by default) finds the others through the
# membership table in that database; no other discovery is needed. Give each silo on one machine its own ports:
#
#   tools/silo.sh --Storage:ConnectionString="Host=db;Username=maimai;Password=...;Database=maimai" \
#       --Ports:Http=5000 --Ports:Grpc=5001 --Cluster:SiloPort=11111
#   tools/silo.sh --Storage:ConnectionString="Host=db;Username=maimai;Password=...;Database=maimai" \
#       --Ports:Http=5010 --Ports:Grpc=5011 --Cluster:SiloPort=11112
#
# Silos on other machines also set --Cluster:AdvertisedAddress=<an IP the other silos reach>. The key ring that
# encrypts maimai tokens is in the database, so every silo shares it. Any other setting of the README's table can follow.
# Runs the Release build (builds it when missing; SILO_DLL names another build) in the foreground, as one process,
# so a supervisor (or a test) can stop it with a signal.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${SILO_DLL:-"$root/src/Silo/bin/Release/net10.0/Maimai.Silo.dll"}
if [ ! -f "$dll" ]; then
  dotnet build "$root/src/Silo" -c Release -nologo -v q -clp:ErrorsOnly >&2
fi
# The content root is the Silo's project folder, so its appsettings.json applies wherever this is run from.
exec dotnet "$dll" --contentRoot "$root/src/Silo" --Storage:Provider=Postgres "$@"
