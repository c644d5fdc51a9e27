package main

// Host contention. Other engineers build and test on this 2-core machine
// while we measure, so every child run records how much CPU the rest of the
// machine used meanwhile: foreign = (busy jiffies over all CPUs - the
// child's own user+sys) / wall, in cores. /proc/stat counts in USER_HZ
// (100 per second), so runs shorter than ~0.5 s give coarse figures.

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gomapgclab/calibration/internal/result"
)

const userHz = 100

type cpuStat struct{ busy, steal int64 }

func readCPUStat() cpuStat {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuStat{}
	}
	line := strings.SplitN(string(b), "\n", 2)[0]
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	v := func(i int) int64 {
		if i >= len(f) {
			return 0
		}
		n, _ := strconv.ParseInt(f[i], 10, 64)
		return n
	}
	return cpuStat{busy: v(1) + v(2) + v(3) + v(6) + v(7), steal: v(8)}
}

func load1() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	x, _ := strconv.ParseFloat(f[0], 64)
	return x
}

// hostUsage turns two /proc/stat readings and the child's rusage into Host.
func hostUsage(a, b cpuStat, wall time.Duration, ru *syscall.Rusage, l1 float64) *result.Host {
	h := &result.Host{WallNs: int64(wall), Load1: l1}
	if ru != nil {
		h.ChildCpuNs = ru.Utime.Nano() + ru.Stime.Nano()
		h.MaxRssKb = ru.Maxrss
	}
	secs := wall.Seconds()
	if secs <= 0 {
		return h
	}
	busy := float64(b.busy-a.busy) / userHz
	h.BusyCores = busy / secs
	h.StealCores = float64(b.steal-a.steal) / userHz / secs
	h.ForeignCores = (busy - float64(h.ChildCpuNs)/1e9) / secs
	if h.ForeignCores < 0 {
		h.ForeignCores = 0 // jiffy rounding on short runs
	}
	return h
}
