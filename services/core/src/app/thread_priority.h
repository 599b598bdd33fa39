#ifndef PARLEY_CORE_APP_THREAD_PRIORITY_H
#define PARLEY_CORE_APP_THREAD_PRIORITY_H

/*
 * The calling thread's CPU share (owner: accounts). On Linux the nice value is per thread
 * (setpriority(PRIO_PROCESS, tid)), and CFS divides the CPU among the runnable threads of a
 * scheduling group (a cgroup, or the session's autogroup) by weights derived from it: each step
 * of -1 is ~1.25 times the weight. Lowering a thread's priority (a higher nice) is always allowed;
 * raising it needs CAP_SYS_NICE or an RLIMIT_NICE that reaches the value (systemd LimitNICE=,
 * prlimit --nice). Without either the thread gets the highest priority it may have.
 */

/** Move the calling thread's nice by delta (negative: a larger share) from its current value,
 * clamped to [-20, 19] and to what RLIMIT_NICE / CAP_SYS_NICE allow. *from: the nice before.
 * @return the thread's nice afterwards. */
int app_thread_priority_shift(int delta, int *from);

#endif
