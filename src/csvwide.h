/*
 * The wide layout: a column per indicator (csvrow.h).
 */
#ifndef RC_CSVWIDE_H
#define RC_CSVWIDE_H

#include "csvrow.h"

extern const struct layout csvwide_layout;

#endif
