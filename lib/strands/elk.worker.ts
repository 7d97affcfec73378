/**
 * The layout worker: ELK's own worker script, which answers elkjs's `ELK` API (elk-api) from a
 * thread of its own. Laying out 50 strands and 150 relations takes ELK a second or more; on the
 * main thread that froze the page. Loaded by components/strands/use-map-layout.ts.
 */
import "elkjs/lib/elk-worker.min.js";
