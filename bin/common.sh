# Shared by bin/earlyrank, bin/test, bin/bench and bin/nightly: locate the install, build on first use,
# install the dataset packages, and the JVM flags Spark needs on Java 17.
EARLYRANK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EARLYRANK_HOME
# Spark's own Java 17 module options (what spark-submit adds); the pom's jvm.flags holds the same list.
JVM_FLAGS="$(cat "$EARLYRANK_HOME/conf/java17-flags.txt")"
# The garbage collector of every EarlyRank JVM whose own options name none: the parallel (throughput) collector,
# its young generation capped at 512 MiB. ND4J gives every array and view it creates a deallocator record that
# outlives a collection, hundreds per training step: under G1 the passes of bin/bench's PyTorch comparison took
# 1.4-1.8x as long, and with the parallel collector's own sizing single pauses reached 1.4 s, where the cap keeps
# them at 0.3-0.5 s (BENCHMARKS.md, issue 19, round 9). bin/submit adds the same to the driver and the executors.
EARLYRANK_GC_FLAGS="-XX:+UseParallelGC -XX:MaxNewSize=512m"
# Prints EARLYRANK_GC_FLAGS unless the options given already choose a collector (a JVM given two refuses to start).
er_gc_flags() {
  [[ " $* " =~ [[:space:]]-XX:\+Use[A-Za-z0-9]*GC[[:space:]] ]] || echo "$EARLYRANK_GC_FLAGS"
}
# One OpenMP thread per Spark task: small networks train ~3x faster than with two (STACK.md).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# Keep the embedded Spark session on loopback.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

er_log() { echo "earlyrank: $*" >&2; }

# Installs Debian's dataset-fashion-mnist when its files are missing (the default dataset).
er_ensure_datasets() {
  if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then return 0; fi
  er_log "installing the Debian package dataset-fashion-mnist (Fashion-MNIST, the default dataset)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      er_log "cannot install packages as $(id -un): run 'apt-get install dataset-fashion-mnist' as root"; return 1
    fi
  fi
  $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q dataset-fashion-mnist >/dev/null; } \
    || { er_log "apt-get install dataset-fashion-mnist failed"; return 1; }
}

# Installs Debian's python3-torch when missing: bin/bench's PyTorch peer (bin/torch-peer) needs it.
er_ensure_torch() {
  if /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then return 0; fi
  er_log "installing the Debian package python3-torch (PyTorch, bin/bench's throughput peer)"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      er_log "cannot install packages as $(id -un): run 'apt-get install python3-torch' as root"; return 1
    fi
  fi
  $sudo apt-get install -y -q python3-torch >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q python3-torch >/dev/null; } \
    || { er_log "apt-get install python3-torch failed"; return 1; }
}

# Builds the jars and the runtime classpath when missing or older than the sources.
er_ensure_built() {
  local cp="$EARLYRANK_HOME/jobs/target/classpath.txt"
  if [ -f "$cp" ] && [ -z "$(find "$EARLYRANK_HOME/pom.xml" "$EARLYRANK_HOME/lib/pom.xml" "$EARLYRANK_HOME/jobs/pom.xml" \
        "$EARLYRANK_HOME/lib/src/main" "$EARLYRANK_HOME/jobs/src/main" -newer "$cp" -type f 2>/dev/null | head -1)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { er_log "Maven (mvn) is needed to build EarlyRank: apt-get install maven"; return 1; }
  er_log "building (first use or sources changed; the first build downloads ~1 GB of dependencies)"
  mkdir -p "$EARLYRANK_HOME/target/run"
  # Under the snapshot lock (er_classpath), so that no launch copies a jar while Maven rewrites it.
  (flock 9; cd "$EARLYRANK_HOME" && mvn -q -B package -DskipTests dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt) 9>"$EARLYRANK_HOME/target/run/.lock" >&2 || { er_log "build failed"; return 1; }
  # The dependency plugin leaves an unchanged classpath file untouched; mark the build as current.
  touch "$cp"
}

# The runtime classpath, with EarlyRank's own jars (jobs, lib and lib's test jar that bin/bench uses) taken from a
# snapshot named by their content (target/run/<checksum>/): a later build rewrites them in jobs/target and
# lib/target in place, and a JVM still running from those files (a sweep of an hour) would then fail to load its
# next class (NoClassDefFoundError). The snapshot is made under the build lock, so it never copies a jar Maven
# is half-way through writing.
er_classpath() {
  local entries=("$EARLYRANK_HOME/jobs/target/earlyrank-jobs-0.1.0.jar") own=() e sum dir out=""
  IFS=':' read -r -a deps <<<"$(cat "$EARLYRANK_HOME/jobs/target/classpath.txt")"
  entries+=("${deps[@]}")
  for e in "${entries[@]}"; do
    case "$e" in "$EARLYRANK_HOME"/*/target/*.jar) own+=("$e") ;; esac
  done
  sum="$(cat "${own[@]}" | cksum | cut -d' ' -f1)"
  dir="$EARLYRANK_HOME/target/run/$sum"
  if [ ! -f "$dir/.complete" ]; then
    mkdir -p "$EARLYRANK_HOME/target/run"
    (
      flock 9
      if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
        cp "${own[@]}" "$dir.tmp/" && touch "$dir.tmp/.complete" && rm -rf "$dir" && mv "$dir.tmp" "$dir"
        # Older snapshots go after a day: a JVM holds its jars open, so removing them never breaks one.
        find "$EARLYRANK_HOME/target/run" -mindepth 1 -maxdepth 1 -type d ! -name "$sum" -mmin +1440 \
          -exec rm -rf {} + 2>/dev/null || true
      fi
    ) 9>"$EARLYRANK_HOME/target/run/.lock"
  fi
  for e in "${entries[@]}"; do
    case "$e" in "$EARLYRANK_HOME"/*/target/*.jar) e="$dir/$(basename "$e")" ;; esac
    out="${out:+$out:}$e"
  done
  echo "$out"
}

er_git_commit() {
  git -C "$EARLYRANK_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown
}

# java with the flags, collector, heap and logging every EarlyRank JVM uses; EARLYRANK_JAVA_OPTS adds JVM options of
# your own (one naming a collector replaces EARLYRANK_GC_FLAGS)
# (bin/test sets -XX:TieredStopAtLevel=1 for its short script checks; see the pom's test.jit).
er_java() {
  # shellcheck disable=SC2086
  java $JVM_FLAGS $(er_gc_flags ${EARLYRANK_JAVA_OPTS:-}) ${EARLYRANK_JAVA_OPTS:-} -Xmx"${EARLYRANK_HEAP:-8g}" \
    -Dlog4j2.configurationFile="$EARLYRANK_HOME/conf/log4j2.properties" \
    -Dearlyrank.git.commit="$(er_git_commit)" \
    -cp "$(er_classpath)" "$@"
}

# Installs the named Debian packages when missing (as root, or through sudo).
er_ensure_packages() {
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  er_log "installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null && sudo=sudo || { er_log "run as root: apt-get install ${missing[*]}"; return 1; }
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || { er_log "apt-get install ${missing[*]} failed"; return 1; }
}
