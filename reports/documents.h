/*
 * documents.h: the builders behind report.h, one per document. Each PDF
 * builder is a doc_build_fn whose context is a const struct report_ctx;
 * reports/report.c opens the context, names the file and renders.
 */
#ifndef FLIPSIDE_REPORTS_DOCUMENTS_H
#define FLIPSIDE_REPORTS_DOCUMENTS_H

#include "reports/context.h"
#include "reports/doc.h"

int report_impact_build(struct doc *d, void *ctx);
int report_retention_build(struct doc *d, void *ctx);
int report_cohorts_build(struct doc *d, void *ctx);

/* Write DIR/PROGRAMME-PERIOD.xlsx from the context's figures. */
int report_workbook_make(const struct report_ctx *c);

#endif
