'use strict';
// Select2 (Django's autocomplete) renders its chosen value in a span with role="textbox" and no
// name until a value is chosen; screen readers then announce an unnamed text box. Name each one
// after its <select>, as rows are added too.
{
    const nameBoxes = () => {
        for (const box of document.querySelectorAll('.select2-selection__rendered[role="textbox"]:not([aria-label])')) {
            const select = document.getElementById(box.id.replace(/^select2-/, '').replace(/-container$/, ''));
            const name = select && (select.getAttribute('aria-label') || select.dataset.placeholder);
            if (name) {
                box.setAttribute('aria-label', name);
            }
        }
    };
    document.addEventListener('DOMContentLoaded', () => {
        nameBoxes();
        new MutationObserver(nameBoxes).observe(document.body, {childList: true, subtree: true});
    });
}
