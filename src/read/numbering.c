/*
 * Heading numbers in the plan's scheme (第1部, 第1章, 1, （1）, ①, 方針1),
 * in arabic or kanji numerals, and the rank of each heading kind.
 */
#include <stdio.h>

#include "numbering.h"

/* 1 -> 一, 10 -> 十, 21 -> 二十一: kanji numerals for vertical headings. */
static void
kanji_number(int n, char *buf, size_t size)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六",
		"七", "八", "九" };

	if (n < 0 || n > 99)
		snprintf(buf, size, "%d", n);
	else if (n < 10)
		snprintf(buf, size, "%s", d[n]);
	else
		snprintf(buf, size, "%s十%s", n / 10 > 1 ? d[n / 10] : "",
		    n % 10 ? d[n % 10] : "");
}

/* The circled numbers: ① to ⑳, ㉑ to ㉟, ㊱ to ㊿. */
static uint32_t
circled(int n)
{
	if (n <= 20)
		return 0x2460 + (uint32_t)n - 1;
	if (n <= 35)
		return 0x3251 + (uint32_t)n - 21;
	return 0x32b1 + (uint32_t)n - 36;
}

void
heading_label(const struct block *b, int kanji, struct strbuf *out)
{
	char mark[8], num[32];

	if (b->number == 0)
		return;
	if (kanji)
		kanji_number(b->number, num, sizeof(num));
	else
		snprintf(num, sizeof(num), "%d", b->number);
	switch (b->kind) {
	case BK_PART:
		sb_printf(out, "第%s部", num);
		break;
	case BK_CHAPTER:
		sb_printf(out, "第%s章", num);
		break;
	case BK_SECTION:
		sb_puts(out, num);
		break;
	case BK_SUBSECTION:
		sb_printf(out, "（%s）", num);
		break;
	case BK_ITEM:
		if (b->number <= ITEM_MAX) {
			size_t k = utf8_encode(circled(b->number), mark);
			sb_add(out, mark, k);
		}
		break;
	case BK_SERIES_ITEM:
		sb_puts(out, b->prefix);
		sb_puts(out, num);
		break;
	default:
		break;
	}
}

void
heading_number(const struct block *b, char *buf, size_t size, int kanji)
{
	struct strbuf label = {0};
	const char *sep = "　";

	heading_label(b, kanji, &label);
	if (label.len == 0) {
		buf[0] = '\0';
		return;
	}
	/* a bracketed number closes itself */
	if (b->kind == BK_SUBSECTION)
		sep = "";
	else if (b->kind == BK_SERIES_ITEM)
		sep = "：";
	snprintf(buf, size, "%s%s", label.s, sep);
	sb_free(&label);
}

int
heading_rank(enum block_kind k)
{
	switch (k) {
	case BK_PART: return 0;
	case BK_CHAPTER: return 1;
	case BK_SECTION: return 2;
	case BK_SUBSECTION: return 3;
	case BK_ITEM: case BK_SERIES_ITEM: return 4;
	default: return 5;
	}
}


const struct era eras[NERAS] = {
	{ "明治", 18680101 }, { "大正", 19120730 }, { "昭和", 19261225 },
	{ "平成", 19890108 }, { "令和", 20190501 },
};
