#!/bin/sh
# Rewrites the README's configuration table (between its config-table markers) from the rows in
# server/src/main/java/org/bridgekeeper/Config.java, which `bridgekeeper server --help` prints
# too. ConfigTableTest fails while the README's table differs from the rows.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -pl server -am compile
. tools/find-jdk.sh
bk_find_jdk || { echo "config-table.sh: no Java 21 or newer found" >&2; exit 1; }
"$bk_java_home/bin/java" -cp server/target/classes org.bridgekeeper.ConfigTable README.md
