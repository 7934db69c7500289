/*
 * The long layout: one row per value (csvrow.h).
 */
#ifndef RC_CSVLONG_H
#define RC_CSVLONG_H

#include "csvrow.h"

extern const struct layout csvlong_layout;

#endif
