import { lib } from "lib"; console.log(lib);
