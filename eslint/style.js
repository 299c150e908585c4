// The formatter: ESLint Stylistic rules set to the style the code is already written in, so that
// `npm run format` (eslint --fix) and `npm run lint` enforce it on every file without reformatting
// the tree. Line breaking is left to the author: the code breaks long lines by meaning, not at a
// column (Prettier would rewrite most files), so there is no max-len, indent or operator-linebreak.
import stylistic from '@stylistic/eslint-plugin';

export const styleRules = {
  '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
  '@stylistic/jsx-quotes': ['error', 'prefer-double'],
  '@stylistic/semi': ['error', 'always'],
  '@stylistic/semi-spacing': 'error',
  '@stylistic/no-extra-semi': 'error',
  '@stylistic/member-delimiter-style': 'error',
  '@stylistic/comma-dangle': ['error', 'always-multiline'],
  '@stylistic/comma-spacing': 'error',
  '@stylistic/no-trailing-spaces': 'error',
  '@stylistic/eol-last': 'error',
  '@stylistic/linebreak-style': 'error',
  '@stylistic/no-tabs': 'error',
  '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxEOF: 0 }],
  '@stylistic/padded-blocks': ['error', 'never'],
  '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
  '@stylistic/block-spacing': 'error',
  '@stylistic/space-before-blocks': 'error',
  '@stylistic/keyword-spacing': 'error',
  '@stylistic/space-infix-ops': 'error',
  '@stylistic/space-unary-ops': 'error',
  '@stylistic/space-in-parens': 'error',
  '@stylistic/space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
  '@stylistic/function-call-spacing': 'error',
  '@stylistic/arrow-parens': ['error', 'always'],
  '@stylistic/arrow-spacing': 'error',
  '@stylistic/key-spacing': 'error',
  '@stylistic/type-annotation-spacing': 'error',
  '@stylistic/computed-property-spacing': 'error',
  '@stylistic/template-curly-spacing': 'error',
  '@stylistic/rest-spread-spacing': 'error',
  '@stylistic/switch-colon-spacing': 'error',
  '@stylistic/dot-location': ['error', 'property'],
  '@stylistic/new-parens': 'error',
  '@stylistic/no-multi-spaces': ['error', { ignoreEOLComments: true }],
  '@stylistic/spaced-comment': ['error', 'always', { markers: ['/'] }],
};

export const style = { plugins: { '@stylistic': stylistic }, rules: styleRules };
