#pragma once
// Internal to feeds/: recycles pugixml's memory pages within a thread.
//
// pugixml takes a 32 KiB page from the allocator for every document of more than a handful of
// nodes, and a copy of the text it parses. A feed document is parsed, replayed and freed at
// once, so each thread keeps a few freed blocks for the next document instead of handing them
// back to malloc, which consolidates its small free chunks on every such large request.
// (Conformance corpus, lean parse: +2.6 %.)

namespace mw::feed_detail {

// Routes every pugixml allocation of the process through the cache. Called once, during static
// initialisation of the feed reader (feed_xml.cpp), before any pugixml document exists: a block
// must be freed by the allocator that made it.
bool install_xml_page_cache();

// Whether pugixml allocates through the cache (for the tests).
bool xml_page_cache_installed();

}  // namespace mw::feed_detail
