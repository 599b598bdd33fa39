#ifndef PARLEY_ERR_H
#define PARLEY_ERR_H

/* Internal return codes shared by every module: 0 is success, negative is an error. */
enum {
    PL_OK = 0,
    PL_ERR = -1,     /* generic failure; the caller logs the detail */
    PL_EAGAIN = -2,  /* try again later (would block, busy, transient) */
    PL_ETOOBIG = -3, /* a capped buffer or message would exceed its cap */
    PL_EINVAL = -4,  /* malformed input */
    PL_ENOTFOUND = -5,
    PL_EDUP = -6, /* duplicate (already seen message id, unique key) */
    PL_EIO = -7,  /* I/O or system call failure (errno is set) */
};

/** @return a static, human-readable name for a PL_* code ("EINVAL", ...). */
const char *pl_err_name(int code);

#endif
