// Which of Bootstrap's rules the public site keeps (deploy/build-css.sh).
// Every page must arrive, with everything it loads, in TCP's first round trip (14 KB
// compressed); Bootstrap whole is 23 KB compressed, of which the site uses a small part.
// A rule is kept when a class, id or element it names appears in what renders a page:
// our templates and the form code that writes classes into widgets, the crispy-bootstrap5
// templates our forms render through (their folder is passed in CRISPY_TEMPLATES; add a
// template here when a form starts using another layout object: its accordion, modal,
// tab and floating-label templates alone would keep a third of Bootstrap), and every
// element staff may type into a page's Markdown (content/rendering.py's allow-list,
// written out by the Makefile).
const crispy = `${process.env.CRISPY_TEMPLATES}/bootstrap5`;

module.exports = {
  content: [
    "templates/**/*.html",
    "{appointments,content,clinic}/**/*.html",
    "appointments/forms.py",
    `${crispy}/{display_form,errors,field,inputs,uni_form,whole_uni_form}.html`,
    `${crispy}/layout/{attrs,baseinput,div,field_errors,field_errors_block,fieldset}.html`,
    `${crispy}/layout/{help_text,help_text_and_errors,multifield,radio_checkbox_select}.html`,
    `${crispy}/layout/{checkboxselectmultiple_inline,radioselect_inline}.html`,
    "build/markdown-elements.html",
  ],
  css: ["node_modules/bootstrap/dist/css/bootstrap.min.css"],
  output: "build/purged/",
  // Classes a template puts together from a variable: the messages' alert-{{ tag }}, for
  // the message levels (templates/includes/messages.html shows an error as danger).
  safelist: { standard: [/^alert-(info|success|warning|danger)$/] },
  variables: true,
  keyframes: true,
  fontFace: true,
};
