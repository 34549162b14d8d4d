// domain
