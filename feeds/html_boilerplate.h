#pragma once
// What is not article text, for the content scorer (html_scoring.h): elements by tag, hidden
// elements, class/id/role names of navigation, share bars, related lists, comments, cookie and
// newsletter boxes, captions; class/id hints of content; and paragraphs that are only labels
// (ad markers, bylines, date lines). Name lists are English plus common words of other
// languages. Pure functions.
#include <string>

#include "feeds/html_dom.h"

namespace mw::html {

// Elements that never hold article text (head, script, nav, aside, footer, header, form
// controls, figcaption, media players, h1 = the title...), removed with their subtree.
bool is_boilerplate_tag(GumboTag t);

// hidden attribute, aria-hidden="true", style display:none / visibility:hidden.
bool is_hidden_element(const GumboNode* node);

// Class/id hint of an element: +25 when class or id look like content ("article", "body",
// "content", "post", "artikel", "noticia"...), -25 for each that looks like boilerplate
// ("comment", "share", "sidebar", "kommentar"...).
int class_weight(const GumboNode* node);

// True when the element's class/id/role say it is boilerplate that never holds the article
// (navigation, share bars, related lists, cookie banners...), and nothing says "content".
bool is_unlikely_candidate(const GumboNode* node);

// A wrapper of an image and its caption by its class/id ("image", "photo", "wp-caption"...).
bool is_media_wrapper(const GumboNode* node);

// `text` ("\n\n"-separated paragraphs) without the paragraphs that are only an ad label
// ("Advertisement"), a script notice, a byline ("By Jane Doe | Reuters") or a date line
// ("Published 18 November 2019", "Updated at 1:23 p.m.").
std::string drop_label_paragraphs(const std::string& text);

}  // namespace mw::html
