/** Size probe (bundled alone by the bench): the reading path only — xlsx-read + zip + xml-scan + fflate. */
import { readWorkbook } from "../../src/files/xlsx-read";

(window as unknown as { readWorkbook: typeof readWorkbook }).readWorkbook = readWorkbook;
