module.exports.format = function format(name, value) {
  return `${name.padEnd(8, '.')} ${value}`;
};
