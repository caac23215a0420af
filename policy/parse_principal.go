package policy

// principal parses a trust statement's Principal: "*" (anyone of any kind) or an object with
// RAM, Service and Federated lists.
func (p *parser) principal(ptr *pointer) *Principal {
	off := p.nextOffset()
	switch p.peek() {
	case 0:
		return &Principal{}
	case '"':
		v, _ := p.readString()
		if v != "*" && !p.stop {
			p.report(off, ptr, CodeInvalidValue, "invalid value %q: want \"*\" or an object with \"RAM\", \"Service\" or \"Federated\"", v)
		}
		any := []string{"*"}
		return &Principal{RAM: any, Service: any, Federated: any}
	case '{':
	default:
		p.wrongShape(ptr, `"*" or an object with "RAM", "Service" or "Federated"`)
		return &Principal{}
	}
	pr := &Principal{}
	m := missing{}
	n := 0
	start := p.object(ptr, func(name string, off int64, mptr *pointer) {
		n++
		switch name {
		case "RAM":
			pr.RAM = p.stringList(mptr, name, p.nonEmpty("a RAM principal"))
		case "Service":
			pr.Service = p.stringList(mptr, name, p.nonEmpty("a service principal"))
		case "Federated":
			pr.Federated = p.stringList(mptr, name, p.nonEmpty("a federated principal"))
		default:
			m.unknown(p, name, off, mptr, []string{"RAM", "Service", "Federated"})
		}
	})
	if n == 0 && !p.stop {
		p.report(start, ptr, CodeEmpty, "Principal must name at least one of \"RAM\", \"Service\" or \"Federated\"")
	}
	return pr
}
