#include "parley/err.h"

const char *pl_err_name(int code)
{
    switch (code) {
    case PL_OK:
        return "OK";
    case PL_ERR:
        return "ERR";
    case PL_EAGAIN:
        return "EAGAIN";
    case PL_ETOOBIG:
        return "ETOOBIG";
    case PL_EINVAL:
        return "EINVAL";
    case PL_ENOTFOUND:
        return "ENOTFOUND";
    case PL_EDUP:
        return "EDUP";
    case PL_EIO:
        return "EIO";
    default:
        return "EUNKNOWN";
    }
}
