let x: number = "not a number";
export {};
