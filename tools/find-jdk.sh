# Finds a Java 21 or newer. Sourced (not run) by the launcher ./bridgekeeper, by ./mvnw and by
# .ci/run, so that all three pick the same one. Plain POSIX sh (./mvnw runs under /bin/sh).
#
#   bk_find_jdk [javac]    sets bk_java_home to the first of: JAVA_HOME, the home of the `java` on
#                          the PATH, the newest home under /usr/lib/jvm, that holds bin/java (and
#                          bin/javac with "javac": a JDK, to build) of version 21 or newer.
#                          Returns 1 when there is none.
#
# The launcher runs this before every CLI command, so it forks nothing when JAVA_HOME (or the
# PATH's java) is such a home with a `release` file: the version is read from that file with
# builtins. Only a home without one costs a JVM start (`java -XshowSettings:properties`).
# Its variables start with bk_ (sh has no local variables).

# bk_version HOME: sets bk_major to the feature version of the Java in HOME, "" when unknown.
bk_version() {
  bk_major=""
  if [ -f "$1/release" ]; then
    while IFS= read -r bk_line || [ -n "$bk_line" ]; do
      case "$bk_line" in
        JAVA_VERSION=*)
          bk_line="${bk_line#JAVA_VERSION=}"
          bk_line="${bk_line#\"}"
          bk_major="${bk_line%%[!0-9]*}"
          return 0 ;;
      esac
    done < "$1/release"
  elif [ -x "$1/bin/java" ]; then
    bk_major="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
    bk_major="${bk_major%%[!0-9]*}"
  fi
  return 0
}

# bk_fits HOME [javac]: true when HOME holds a Java >= 21 (with javac when asked).
bk_fits() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ "${2-}" != javac ] || [ -x "$1/bin/javac" ] || return 1
  bk_version "$1"
  [ -n "$bk_major" ] && [ "$bk_major" -ge 21 ]
}

# bk_path_java_home: sets bk_home to the home of the first `java` on the PATH ("" if none). The
# PATH is walked here because `command -v` inside $(...) would fork; a java that is not in a
# home's bin/ (/usr/bin/java -> /etc/alternatives/java -> ...) is resolved with readlink.
bk_path_java_home() {
  bk_home=""
  bk_rest="${PATH-}:"
  while [ -n "$bk_rest" ]; do
    bk_dir="${bk_rest%%:*}"
    bk_rest="${bk_rest#*:}"
    [ -n "$bk_dir" ] && [ -x "$bk_dir/java" ] && [ ! -d "$bk_dir/java" ] || continue
    case "$bk_dir" in
      */bin) bk_home="${bk_dir%/bin}" ;;
    esac
    if [ -z "$bk_home" ] || [ ! -f "$bk_home/release" ] || [ ! -x "$bk_home/bin/java" ]; then
      bk_home="$(readlink -f "$bk_dir/java" 2>/dev/null || true)"
      bk_home="${bk_home%/bin/java}"
    fi
    return 0
  done
  return 0
}

bk_find_jdk() {
  bk_java_home=""
  if [ -n "${JAVA_HOME-}" ] && bk_fits "${JAVA_HOME%/}" "${1-}"; then
    bk_java_home="${JAVA_HOME%/}"
    return 0
  fi
  bk_path_java_home
  if bk_fits "$bk_home" "${1-}"; then
    bk_java_home="$bk_home"
    return 0
  fi
  # The newest under /usr/lib/jvm (Debian's and Adoptium's packages install there). ./mvnw
  # runs with globbing off (set -f): on for this loop only.
  case "$-" in *f*) bk_noglob=1; set +f ;; *) bk_noglob="" ;; esac
  bk_best=0
  for bk_candidate in /usr/lib/jvm/*/; do
    bk_candidate="${bk_candidate%/}"
    if bk_fits "$bk_candidate" "${1-}" && [ "$bk_major" -gt "$bk_best" ]; then
      bk_java_home="$bk_candidate"
      bk_best="$bk_major"
    fi
  done
  [ -z "$bk_noglob" ] || set -f
  [ -n "$bk_java_home" ]
}
