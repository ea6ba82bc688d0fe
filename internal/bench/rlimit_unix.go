//go:build unix

package bench

import "syscall"

// RaiseFileLimit raises this process's soft limit on open files to want,
// or to the hard limit when that is lower, as a deployment holding many
// streams would (LimitNOFILE= in systemd, ulimit -n). Children started
// afterwards inherit it. It returns the soft limit now in force.
func RaiseFileLimit(want uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur >= want {
		return lim.Cur, nil
	}
	lim.Cur = min(want, lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	return lim.Cur, nil
}
