"""Knowledge sources → typed documents, articles, clauses, FAQ entries and glossary terms."""
