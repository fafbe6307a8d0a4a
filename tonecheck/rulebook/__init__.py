"""Rules as data: the rule file schema, word lists, the examples each rule carries, rule docs."""
