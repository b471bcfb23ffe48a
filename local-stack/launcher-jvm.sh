# Sourced by local-stack/run and local-stack/bench/run-wire-server-benchmark, after select-jdk.sh: the JVM options
# of the launcher, whose JVM hosts the MongoDB wire server and the Stripe emulator.
#
# A low-pause collector keeps their answers steady: G1's young pauses (~25 ms) showed up as the services' p99, and
# under beacon load reached 58 ms median and 340 ms at most. Generational Shenandoah pauses as briefly as ZGC (under
# beacon load: 0.1 ms median, 11 ms at most) and took less CPU per beacon than ZGC (docs/performance.md). It is a
# product option from JDK 25 on, in builds that include Shenandoah; elsewhere ZGC.
launcher_collector=(-XX:+UseShenandoahGC -XX:ShenandoahGCMode=generational)
"$JAVA_HOME/bin/java" "${launcher_collector[@]}" -version > /dev/null 2>&1 || launcher_collector=(-XX:+UseZGC)
launcher_jvm_options=("${launcher_collector[@]}" -Xms512m -Xmx3g)
