#!/usr/bin/env bash
# CLI start-up, A/B: builds of the CLI jar (and JVM options) timed in interleaved runs, with awscli,
# so that a machine whose load drifts (shared with other builds) weighs on every variant alike.
#   bench/cli-startup-ab.sh ROUNDS NAME=JAR[@JVM-OPTIONS] ...
#   e.g. bench/cli-startup-ab.sh 15 main=/tmp/main-cli.jar branch=cli/target/bridgekeeper-cli.jar \
#        int=cli/target/bridgekeeper-cli.jar@-Xint
# Each variant gets its own AOT cache (recorded and made from one describe-connection, as the
# launcher does) and runs as the launcher runs it, without the launcher: -cp and the main class,
# the launcher's JVM options. Needs a JDK 25+, a server answering on BRIDGEKEEPER_PORT (4750) with
# a connection named c (bench/cli-startup.sh makes both), and /usr/bin/aws (else no ratios).
# Prints, per variant, the median wall and CPU (user+sys) time and their ratio to awscli's.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/find-jdk.sh
bk_find_jdk
java="$bk_java_home/bin/java"
vm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx64m -XX:-UsePerfData -Dbridgekeeper.tty= -Dbridgekeeper.columns=)
rounds=$1; shift
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
call=(events describe-connection --name c --endpoint-url "http://127.0.0.1:${BRIDGEKEEPER_PORT:-4750}")
dir=$(mktemp -d /tmp/cli-startup-ab.XXXXXX)
trap 'rm -rf "$dir"' EXIT
names=()
declare -A opts
for v in "$@"; do
  name=${v%%=*}; jar=${v#*=}; extra=""
  case "$jar" in *@*) extra="${jar#*@}"; jar="${jar%%@*}" ;; esac
  names+=("$name"); opts[$name]="$extra"
  mkdir "$dir/$name"; cp "$jar" "$dir/$name/cli.jar"
  # shellcheck disable=SC2086
  "$java" "${vm[@]}" $extra -XX:AOTMode=record -XX:AOTConfiguration="$dir/$name/aotconf" -Xlog:disable \
    -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -cp "$dir/$name/cli.jar" org.bridgekeeper.cli.Main "${call[@]}" >/dev/null
  # shellcheck disable=SC2086
  "$java" "${vm[@]}" $extra -XX:AOTMode=create -XX:AOTConfiguration="$dir/$name/aotconf" -XX:AOTCache="$dir/$name/aot" \
    -cp "$dir/$name/cli.jar" >/dev/null 2>&1
done
[ -x /usr/bin/aws ] && names+=(aws)
TIMEFORMAT='%R %U %S'
uptime
for _ in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    if [ "$name" = aws ]; then
      t=$( { time /usr/bin/aws "${call[@]}" >/dev/null 2>&1; } 2>&1 )
    else
      # shellcheck disable=SC2086
      t=$( { time "$java" "${vm[@]}" ${opts[$name]} -XX:AOTCache="$dir/$name/aot" -Xlog:aot=off -Xlog:cds=off \
        -Dbridgekeeper.exit=halt -cp "$dir/$name/cli.jar" org.bridgekeeper.cli.Main "${call[@]}" >/dev/null 2>&1; } 2>&1 )
    fi
    echo "$name $t" >> "$dir/times"
  done
done
uptime
python3 - "$dir/times" <<'PY'
import statistics as st, sys
runs = {}
for line in open(sys.argv[1]):
    name, real, user, system = line.split()
    runs.setdefault(name, []).append((float(real), float(user) + float(system)))
aws = runs.get('aws')
for name, xs in runs.items():
    wall, cpu = st.median(x[0] for x in xs), st.median(x[1] for x in xs)
    ratio = '' if not aws else '  ratio to aws: wall %.3f  cpu %.3f' % (
        wall / st.median(x[0] for x in aws), cpu / st.median(x[1] for x in aws))
    print('%-12s n=%d  median wall %.3f s  cpu %.3f s%s' % (name, len(xs), wall, cpu, ratio))
PY
