// Served as if from a NoCoin-listed host; running at all means the block failed.
window.listedRan = true;
