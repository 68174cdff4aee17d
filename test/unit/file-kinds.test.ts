// Which files are lists and entity files: the default names and the user's "files" globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFileKindOf, fileKindMatcher } from '../../server/src/core/fileKinds';

test('the default names, in any folder and any case', () => {
  assert.equal(defaultFileKindOf('a/b/x.participation.csv'), 'participation');
  assert.equal(defaultFileKindOf('X.Participation.JSON'), 'participation');
  assert.equal(defaultFileKindOf('a1234.entity.json'), 'entity');
  assert.equal(defaultFileKindOf('ACO_Participant_List_2025.csv'), null);
  assert.equal(defaultFileKindOf('participation.csv'), null);
});

test('user globs: by name without "/", by path with it, braces, and before the defaults', () => {
  const kindOf = fileKindMatcher({
    participationLists: ['ACO_*_{2024,2025}.csv', 'lists/**/*.txt'],
    entityFiles: ['entities/*.json', '*.participation.json'],
  });
  assert.equal(kindOf('deep/folder/ACO_Participant_List_2025.csv'), 'participation');
  assert.equal(kindOf('ACO_Participant_List_2023.csv'), null);
  assert.equal(kindOf('lists/a/b/roster.txt'), 'participation');
  assert.equal(kindOf('roster.txt'), null);
  assert.equal(kindOf('entities/a1234.json'), 'entity');
  assert.equal(kindOf('other/entities/a1234.json'), null, 'a glob with "/" starts at the settings folder');
  assert.equal(kindOf('x.participation.json'), 'entity', "the user's globs decide before the defaults");
  assert.equal(kindOf('x.participation.csv'), 'participation');
});
