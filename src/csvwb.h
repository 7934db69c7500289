/*
 * The World Bank layout: a column per year (csvrow.h).
 */
#ifndef RC_CSVWB_H
#define RC_CSVWB_H

#include "csvrow.h"

extern const struct layout csvwb_layout;

#endif
