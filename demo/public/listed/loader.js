// Served only if a request to the listed host got through; the page uses this
// to tell "blocked" from "loaded".
window.listedDemo = { ...window.listedDemo, ran: true };
