import type { Word64 } from './sha2';

// JH has no short generating rule worth re-implementing here, so these are the published
// values: the first 16 bitsliced E8 round constants and the JH-256 initial hash value,
// written as big-endian 64-bit numbers.
const HEX = [
  '72d5dea2df15f867', '7b84150ab7231557', '81abd6904d5a87f6', '4e9f4fc5c3d12b40',
  'ea983ae05c45fa9c', '03c5d29966b2999a', '660296b4f2bb538a', 'b556141a88dba231',
  '03a35a5c9a190edb', '403fb20a87c14410', '1c051980849e951d', '6f33ebad5ee7cddc',
  '10ba139202bf6b41', 'dc786515f7bb27d0', '0a2c813937aa7850', '3f1abfd2410091d3',
  'eb98a3412c20d3eb', '92cdbe7b9cb245c1', '1c93519160d4c7fa', '260082d67e508a03',
  'a4239e267726b945', 'e0fb1a48d41a9477', 'cdb5ab26026b177a', '56f024420fff2fa8',
  '71a396897f2e4d75', '1d144908f77de262', '277695f776248f94', '87d5b6574780296c',
  '5c5e272dac8e0d6c', '518450c657057a0f', '7be4d367702412ea', '89e3ab13d31cd769',
];

export const jhConstants = (): Word64[] =>
  HEX.map((h) => ({ hi: parseInt(h.slice(0, 8), 16) | 0, lo: parseInt(h.slice(8), 16) | 0 }));
