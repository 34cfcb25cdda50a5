/**
 * What LLM annotation costs and how it is capped: a per-model {@link dev.annotator.llm.cost.PriceTable},
 * a hard {@link dev.annotator.llm.cost.Budget}, and the thread-safe
 * {@link dev.annotator.llm.cost.CostLedger} that reserves a call's worst-case cost before it is made and
 * settles it with the billed usage afterwards, so concurrent calls never overshoot a budget. The
 * {@link dev.annotator.llm.LlmAnnotator} in the parent package charges every call it makes here.
 */
package dev.annotator.llm.cost;
