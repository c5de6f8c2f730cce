# shellcheck shell=bash
# Shared by the bench scripts (source it): the machine line every results file opens with, and the hardware bench
# program built once and run pinned to one core.

# "N cores, CPU model, N GiB RAM, load average a b c": the figures next to it are only comparable within one run.
machine() {
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# hardware_bench CORE ARGS...: tests/LaiteLaina.HardwareBench (Release) on core CORE.
hardware_bench() {
  local core=$1
  shift
  dotnet build -c Release -v quiet -nologo tests/LaiteLaina.HardwareBench >/dev/null
  taskset -c "$core" dotnet tests/LaiteLaina.HardwareBench/bin/Release/net10.0/LaiteLaina.HardwareBench.dll "$@"
}
