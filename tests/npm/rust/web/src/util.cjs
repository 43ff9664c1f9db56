module.exports.pad = function pad(name, width) {
	return name.padEnd(width, ".");
};
module.exports.same = (a, b) => a == b;
