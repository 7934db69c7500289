/*
 * A cell of an input table as an observation, and a row's accounting.
 */
#include "config.h"

#include <string.h>

#include "obscell.h"
#include "strbuf.h"

int
obscell_value(struct obsstore *st, const struct catalogue *cat, int ind,
    const char *s, size_t len, const struct cellat *at, struct diaglist *dl,
    struct obs *o)
{
	const struct indicator *it = &cat->items[ind];
	struct value v;
	enum value_check vc = indicator_parse_value(it, s, len, &v);

	if (vc == VC_MISSING)
		return 0;
	if (vc != VC_OK) {
		struct strbuf msg;

		strbuf_init(&msg);
		indicator_value_message(&msg, it, vc, s, len, &v, at->ent);
		diag_error(dl, at->name, (int)at->line, at->col + 1, "%s", msg.buf);
		strbuf_release(&msg);
		return -1;
	}
	if (o == NULL)
		return 1;
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)v.kind;
	if (v.kind == V_NUM)
		o->num = v.num;
	else if (v.kind == V_BOOL)
		o->num = v.b ? 1 : 0;
	else
		o->text = obs_text(st, s, len);
	o->ind = (uint16_t)ind;
	o->line = at->line;
	o->file = (uint16_t)at->file;
	return 1;
}

void
obscell_ignore(struct input_info *info, enum ignore_reason why)
{
	info->ignored++;
	info->ignored_by[why]++;
}

void
obscell_row(struct input_info *info, bool bad, bool other_shard, size_t stored,
    enum ignore_reason none)
{
	if (bad)
		return;
	if (other_shard)
		obscell_ignore(info, IGN_OTHER_SHARD);
	else if (stored > 0)
		info->used++;
	else
		obscell_ignore(info, none);
}
