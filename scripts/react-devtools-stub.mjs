// Ink imports react-devtools-core only when DEV is set; the single file never ships it.
export default { initialize() {}, connectToDevTools() {} };
